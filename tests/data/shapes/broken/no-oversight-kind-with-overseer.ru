# hasNoInfluenceOver is NoOversight, yet it has an overseer.
# expect: relationship/no-influence RelationshipShape ov:overseer
INSERT DATA { <relationship/no-influence> ov:overseer <la/380> . }
