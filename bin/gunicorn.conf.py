"""gunicorn settings for bin/serve and the benchmarks: each worker loads the comment toxicity
model before it takes requests, so the first comment a worker receives does not wait ~4 s for
scikit-learn to import. Command-line options (bind, workers, threads) still apply on top."""


def post_worker_init(worker):
    try:
        from cityportal.nlp.toxicity import get_model

        get_model().classify(["Xin chào"])  # the first call also imports the sparse maths
    except Exception:  # the site serves without it; the first comment loads it instead
        worker.log.warning("Could not preload the toxicity model", exc_info=True)
