# A body with two rdfs:labels.
# expect: la/380/eisb BodyShape rdfs:label
INSERT DATA { <la/380/eisb> rdfs:label "EISB" . }
