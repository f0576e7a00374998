from django.urls import path

from bench.hello.views import hello

urlpatterns = [path("bench-hello", hello)]
