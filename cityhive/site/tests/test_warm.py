import sys

from django.template import engines
from django.urls import clear_url_caches, get_resolver
from django.utils.translation import trans_real

from cityhive.site.warm import platform_templates, web_ready


def test_a_ready_process_has_imported_its_routes_and_read_every_language(settings):
    settings.ROOT_URLCONF = "config.urls"
    clear_url_caches()
    sys.modules.pop("config.urls", None)
    trans_real._translations.clear()  # as in a process that has not spoken any language yet
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        loader.reset()  # as in a process that has rendered no page yet
    compiled = web_ready()
    assert "config.urls" in sys.modules
    resolver = get_resolver()
    codes = [code for code, _name in settings.LANGUAGES]
    assert set(codes) <= set(resolver._reverse_dict) and set(codes) <= set(trans_real._translations)
    # Every route compiled: matching a request compiles nothing more.
    routes = [p for p in resolver.url_patterns if hasattr(p, "pattern")]
    assert routes and all("regex" in p.pattern.__dict__ for p in routes)

    # Every template of the platform's apps is compiled, and kept by the cached loader.
    names = platform_templates()
    assert len(names) > 100 and "core/base.html" in names and len(compiled) == len(names)
    [cached] = engine.template_loaders
    assert all(name in cached.get_template_cache for name in names)
