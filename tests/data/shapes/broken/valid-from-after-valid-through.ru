# The relationship starts after it ends.
# expect: relationship/scrutiny RelationshipShape schema:validFrom
DELETE DATA { <relationship/scrutiny> schema:validFrom "2017-01-01"^^xsd:date . } ;
INSERT DATA { <relationship/scrutiny> schema:validFrom "2019-01-01"^^xsd:date . }
