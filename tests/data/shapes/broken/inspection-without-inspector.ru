# An inspection that names no inspector.
# expect: la/380/inspection/2018-01-15 InspectionShape ov:inspectedBy
DELETE WHERE { <la/380/inspection/2018-01-15> ov:inspectedBy ?who . }
