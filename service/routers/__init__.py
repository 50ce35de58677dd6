"""One router per resource: ``sparql`` (the protocol endpoint), ``graph_store``
(read-only Graph Store Protocol), ``health``, and the pages of the web interface."""
