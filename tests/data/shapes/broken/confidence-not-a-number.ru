# A confidence given in words.
# expect: relationship/scrutiny RelationshipShape ov:confidence
DELETE DATA { <relationship/scrutiny> ov:confidence "0.900"^^xsd:decimal . } ;
INSERT DATA { <relationship/scrutiny> ov:confidence "high" . }
