# The observed frequency is a concept, but a relationship kind.
# expect: relationship/scrutiny RelationshipShape ov:observedFrequency
DELETE DATA { <relationship/scrutiny> ov:observedFrequency freq:halfTermly . } ;
INSERT DATA { <relationship/scrutiny> ov:observedFrequency kind:meetsWith . }
