# The stated frequency is not in the frequency scheme.
# expect: relationship/scrutiny RelationshipShape ov:statedFrequency
DELETE DATA { <relationship/scrutiny> ov:statedFrequency freq:termly . } ;
INSERT DATA { <relationship/scrutiny> ov:statedFrequency freq:sometimes . }
