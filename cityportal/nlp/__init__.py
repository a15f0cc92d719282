"""Natural-language processing shared by the apps: small models trained from labelled data and
shipped as compact artifacts under `models/`, loaded lazily and never downloaded at run time.

`toxicity` sorts readers' comments into clean / offensive / hate for the moderation queue.
"""
