# A committee whose validity ends before it starts.
# expect: la/380/scrutiny BodyShape schema:validFrom
DELETE WHERE { <la/380/scrutiny> schema:validThrough ?end . } ;
INSERT DATA { <la/380/scrutiny> schema:validThrough "2010-01-01"^^xsd:date . }
