# A meeting with no date.
# expect: la/380/eisb/meeting/2017-01-10 MeetingShape dcterms:date
DELETE WHERE { <la/380/eisb/meeting/2017-01-10> dcterms:date ?day . }
