# Two stated frequencies on one relationship.
# expect: relationship/meeting RelationshipShape ov:statedFrequency
INSERT DATA { <relationship/meeting> ov:statedFrequency freq:annual . }
