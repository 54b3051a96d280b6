"""Named SPARQL queries (.rq files) and result serialisation."""
