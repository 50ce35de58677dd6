# Evidence whose sentence is blank.
# expect: relationship/scrutiny/evidence/1 EvidenceShape ov:sentence
DELETE WHERE { <relationship/scrutiny/evidence/1> ov:sentence ?sentence . } ;
INSERT DATA { <relationship/scrutiny/evidence/1> ov:sentence "   " . }
