"""The product's URLs plus /bench-hello, a trivial JSON view behind the full middleware."""

from django.urls import path

from bench.hello.views import hello
from config.urls import urlpatterns as product

urlpatterns = [path("bench-hello", hello), *product]
