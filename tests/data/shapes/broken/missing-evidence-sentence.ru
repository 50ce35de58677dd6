# Evidence without its sentence.
# expect: relationship/scrutiny/evidence/1 EvidenceShape ov:sentence
DELETE WHERE { <relationship/scrutiny/evidence/1> ov:sentence ?sentence . }
