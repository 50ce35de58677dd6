# The relationship has no actor left (its overseer stays).
# expect: relationship/scrutiny RelationshipShape ov:actor
# expect: relationship/scrutiny RelationshipShape ov:overseer
DELETE DATA { <relationship/scrutiny> ov:actor <la/380/scrutiny> . }
