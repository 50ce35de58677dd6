# A body with no rdfs:label.
# expect: la/380/eisb BodyShape rdfs:label
DELETE WHERE { <la/380/eisb> rdfs:label ?name . }
