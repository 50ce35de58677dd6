# A body with a telephone property.
# expect: la/380 ContactDetailsShape schema:telephone
INSERT DATA { <la/380> schema:telephone "01632 960000" . }
