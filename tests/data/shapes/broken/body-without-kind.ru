# A body typed only ov:Body.
# expect: la/380/eisb BodyShape
DELETE DATA { <la/380/eisb> a ov:EducationImprovementBoard . }
