# A meeting's shortcut is written one way only.
# expect: relationship/meeting RelationshipShape ov:meetsWith
DELETE DATA { <rsc/north> ov:meetsWith <la/380/dcs> . }
