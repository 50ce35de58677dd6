# A person with an e-mail property.
# expect: la/380/person/alex-example PersonShape foaf:mbox
# expect: la/380/person/alex-example ContactDetailsShape foaf:mbox
INSERT DATA { <la/380/person/alex-example> foaf:mbox <mailto:alex@example.org> . }
