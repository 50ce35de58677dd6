# A body that is also typed as a post.
# expect: la/380/eisb BodyShape
INSERT DATA { <la/380/eisb> a ov:Chair . }
