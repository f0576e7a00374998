"""``{% csp_nonce %}``: this response's Content-Security-Policy nonce (see motcua.core.csp).

It works in any template rendered while a request is answered, with or without the
request in its context (the printable forms are rendered without it).
"""

from django import template

from motcua.core.csp import nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return nonce()
