# A post with no org:postIn.
# expect: la/380/dcs PostShape org:postIn
DELETE DATA { <la/380/dcs> org:postIn <la/380> . }
