# A DfE LA code of two digits.
# expect: la/380 BodyShape ov:laCode
DELETE DATA { <la/380> ov:laCode "380" . } ;
INSERT DATA { <la/380> ov:laCode "38" . }
