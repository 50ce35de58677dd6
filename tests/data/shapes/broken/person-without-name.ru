# A person with no foaf:name.
# expect: la/380/person/alex-example PersonShape foaf:name
DELETE WHERE { <la/380/person/alex-example> foaf:name ?name . }
