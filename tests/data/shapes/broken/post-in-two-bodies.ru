# A post in two bodies.
# expect: la/380/dcs PostShape org:postIn
INSERT DATA { <la/380/dcs> org:postIn <la/380/eisb> . }
