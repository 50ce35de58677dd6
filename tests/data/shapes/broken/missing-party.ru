# A meeting lost one of its parties.
# expect: relationship/meeting RelationshipShape ov:party
DELETE DATA { <relationship/meeting> ov:party <group/1234> . }
