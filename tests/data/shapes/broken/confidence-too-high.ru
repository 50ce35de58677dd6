# A confidence of 1.7.
# expect: relationship/scrutiny RelationshipShape ov:confidence
DELETE DATA { <relationship/scrutiny> ov:confidence "0.900"^^xsd:decimal . } ;
INSERT DATA { <relationship/scrutiny> ov:confidence "1.7"^^xsd:decimal . }
