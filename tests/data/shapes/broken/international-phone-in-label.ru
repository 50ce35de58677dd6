# A +44 telephone number in another name of a body.
# expect: la/380 ContactDetailsShape skos:altLabel
INSERT DATA { <la/380> skos:altLabel "Switchboard +44 (0)1632 960 002" . }
