# scrutinises is ActorOversees, but the target is written as the overseer.
# expect: relationship/scrutiny RelationshipShape ov:overseer
DELETE DATA { <relationship/scrutiny> ov:overseer <la/380/scrutiny> . } ;
INSERT DATA { <relationship/scrutiny> ov:overseer <la/380/dcs> . }
