# A telephone number (Ofcom's drama range) left in an evidence sentence.
# expect: relationship/meeting/evidence/1 ContactDetailsShape ov:sentence
DELETE WHERE { <relationship/meeting/evidence/1> ov:sentence ?sentence . } ;
INSERT DATA { <relationship/meeting/evidence/1> ov:sentence "For details ring 01632 960001." . }
