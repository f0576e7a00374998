import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Answers to anonymous API lookups kept in Redis and served before Django
# (motcua/api/lookup_answers.py); inert without Redis or with MOTCUA_LOOKUP_CACHE_SECONDS=0.
# (The bare-Django settings of the benchmarks have no such setting.)
if getattr(settings, "MOTCUA_LOOKUP_CACHE_SECONDS", 0):
    from motcua.api.lookup_answers import LookupAnswers

    application = LookupAnswers(application)
