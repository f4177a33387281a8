"""Posts made from their head (heads.py) are the posts a fresh load makes, in every way a build
or check can look at them, and a build that renders no post's own page never loads one whole."""
from __future__ import annotations

import copy
import pickle
from pathlib import Path

from itagen import heads
from itagen.build import build_site
from itagen.cache import CACHE_DIR
from itagen.load import load_project
from itagen.loadcache import ContentCache
from itagen.model.pages import NewsPost


def cached_and_fresh(root: Path) -> tuple[list, list]:
    """The demo's posts loaded from the content cache (so from their heads) and afresh."""
    cache = ContentCache(root / CACHE_DIR)
    load_project(root, cache=cache)
    cache.save()
    return load_project(root, cache=ContentCache(root / CACHE_DIR))[0].news, \
        load_project(root)[0].news


def test_a_post_from_its_head_holds_the_head_and_loads_the_rest_on_first_use(demo):
    posts, fresh = cached_and_fresh(demo)
    post, whole = posts[0], fresh[0]
    assert isinstance(post, NewsPost) and type(post) is not NewsPost
    assert set(vars(post)) - {"_digest", "_head_blob"} == set(NewsPost._head)
    assert (post.title, post.date, post.slug, post._links) == \
        (whole.title, whole.date, whole.slug, whole._links)
    assert getattr(post, "updated", None) is None and type(post) is not NewsPost  # no such field
    assert post.body == whole.body  # not in the head: the whole post is loaded
    assert type(post) is NewsPost and "_head_blob" not in vars(post)
    assert {name: value for name, value in vars(post).items() if name != "_digest"} == \
        {name: value for name, value in vars(whole).items() if name != "_digest"}


def test_a_post_from_its_head_compares_prints_and_pickles_as_the_whole_post(demo):
    posts, fresh = cached_and_fresh(demo)
    assert posts == fresh and fresh == cached_and_fresh(demo)[0]  # either side first
    again = cached_and_fresh(demo)[0]
    assert [repr(post) for post in again] == [repr(post) for post in fresh]
    again = cached_and_fresh(demo)[0]
    for post, whole in zip(again, fresh):
        post_copy, whole_copy = copy.copy(post), copy.copy(whole)
        post_copy._digest = whole_copy._digest = None
        assert pickle.dumps(post_copy, protocol=5) == pickle.dumps(whole_copy, protocol=5)


def test_a_warm_build_that_renders_no_post_loads_none_whole(demo, monkeypatch):
    """Planning, the ITA and link checks, the page keys and the list pages read heads only."""
    build_site(demo, with_search=False)
    touched = []
    get = heads._Loads.__get__

    def watched(self, obj, owner=None):
        if obj is not None:
            touched.append((obj._file, self.name))
        return get(self, obj, owner)

    monkeypatch.setattr(heads._Loads, "__get__", watched)
    result = build_site(demo, with_search=False)
    assert result.rendered >= 1 and touched == []
    project = load_project(demo, cache=ContentCache(demo / CACHE_DIR))[0]
    assert project.news[0].body and touched == [(project.news[0]._file, "body")]
