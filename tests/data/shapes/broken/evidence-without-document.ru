# Evidence that names no document.
# expect: relationship/scrutiny/evidence/1 EvidenceShape ov:document
DELETE WHERE { <relationship/scrutiny/evidence/1> ov:document ?document . }
