# The start date is a plain string.
# expect: relationship/scrutiny RelationshipShape schema:validFrom
DELETE DATA { <relationship/scrutiny> schema:validFrom "2017-01-01"^^xsd:date . } ;
INSERT DATA { <relationship/scrutiny> schema:validFrom "1 January 2017" . }
