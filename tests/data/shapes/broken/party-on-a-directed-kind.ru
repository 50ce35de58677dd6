# A party on a scrutinises relationship, which has overseer and overseen instead.
# expect: relationship/scrutiny RelationshipShape ov:party
INSERT DATA { <relationship/scrutiny> ov:party <la/380/scrutiny> . }
