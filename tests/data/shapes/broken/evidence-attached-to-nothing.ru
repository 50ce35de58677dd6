# Evidence that nothing points at.
# expect: relationship/scrutiny/evidence/1 EvidenceShape ^ov:hasEvidence
DELETE DATA { <relationship/scrutiny> ov:hasEvidence <relationship/scrutiny/evidence/1> . }
