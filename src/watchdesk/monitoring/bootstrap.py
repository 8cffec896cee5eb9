"""Create the site's fixed structure: languages, home pages, editorial groups.

Everything here is idempotent: running it on a prepared database changes nothing.
A deployment calls it once (``watchdesk manage bootstrap``); the demo calls it
before loading the sample archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from watchdesk.monitoring.models import AboutPage, HomePage, TrendIndexPage, TrendPage

ANALYSTS = "Analysts"
EDITORS = "Editors"
WORKFLOW = "Editorial review"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
ANALYST_PAGE_PERMISSIONS = ("add_page", "change_page")


@dataclass
class Structure:
    homes: dict[str, HomePage]
    trend_indexes: dict[str, TrendIndexPage]


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in languages()}


def _publish(page: Page) -> Page:
    page.save_revision(log_action=False).publish(log_action=False)
    page.refresh_from_db()
    return page


def translate(page: Page, locale: Locale, **fields) -> Page:
    """The live translation of ``page`` into ``locale``, created and published if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.draft_title = copy.title
    return _publish(copy)


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return _publish(page)


@transaction.atomic
def ensure_structure(texts: dict[str, dict[str, str]], about_html: dict[str, str]) -> Structure:
    """Home, "All trends" and About pages in every language.

    ``texts[lang]`` holds ``home``, ``intro``, ``trends``, ``trends_intro`` and
    ``about`` (titles and introductions); ``about_html[lang]`` the About body.
    """
    locales = ensure_locales()
    default = locales[settings.LANGUAGE_CODE]
    root = _ensure_roots(default)
    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        en = texts[settings.LANGUAGE_CODE]
        home = HomePage(title=en["home"], slug="watchdesk", intro=en["intro"], locale=default)
        root.add_child(instance=home)
        home = _publish(home)
    _point_site_at(home)

    homes = {settings.LANGUAGE_CODE: home}
    indexes = {}
    index = _child(
        home,
        TrendIndexPage,
        "trends",
        title=texts[settings.LANGUAGE_CODE]["trends"],
        intro=texts[settings.LANGUAGE_CODE]["trends_intro"],
    )
    about = _child(
        home,
        AboutPage,
        "about",
        title=texts[settings.LANGUAGE_CODE]["about"],
        body=about_html[settings.LANGUAGE_CODE],
    )
    indexes[settings.LANGUAGE_CODE] = index
    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        t = texts[code]
        homes[code] = translate(home, locale, title=t["home"], intro=t["intro"])
        indexes[code] = translate(index, locale, title=t["trends"], intro=t["trends_intro"])
        translate(about, locale, title=t["about"], body=about_html[code])
    ensure_editorial_groups(homes.values())
    return Structure(homes, indexes)


def _ensure_roots(locale: Locale) -> Page:
    """The tree and collection roots Wagtail's migrations create, recreated after a flush."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, url_path="/"))
    return root


def _point_site_at(home: HomePage) -> None:
    """Make ``home`` the default site's root and drop Wagtail's placeholder page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        return
    if site.root_page_id != home.pk:
        previous = site.root_page
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's migration creates a "Welcome" page; remove it if it is untouched.
        if previous.specific_class is Page and previous.numchild == 0 and previous.depth == 2:
            previous.delete()


@transaction.atomic
def ensure_trend(
    structure: Structure, key: str, order: int, names: dict[str, dict[str, str]]
) -> dict[str, TrendPage]:
    """A trend and its translations; ``names[lang]`` has ``name`` and ``description``."""
    locales = ensure_locales()
    default = settings.LANGUAGE_CODE
    source = _child(
        structure.trend_indexes[default],
        TrendPage,
        key,
        title=names[default]["name"],
        description=names[default].get("description", ""),
        order=order,
    )
    pages = {default: source}
    for code, locale in locales.items():
        if code != default and code in names:
            pages[code] = translate(
                source,
                locale,
                title=names[code]["name"],
                description=names[code].get("description", ""),
            )
    ensure_analyst_group(pages)
    return pages


def _page_permissions(group: Group, pages, codenames) -> None:
    perms = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    for page in pages:
        for perm in perms:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def ensure_editorial_groups(homes) -> None:
    """Editors review, publish and schedule everywhere; analysts get the admin and images.

    Which trends an analyst may write in is granted per trend (``ensure_analyst_group``).
    """
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    for group in (editors, analysts):
        group.permissions.add(access)
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="monitoring",
            codename__in=["add_author", "change_author", "delete_author"],
        )
    )
    _page_permissions(editors, homes, EDITOR_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    image_perms = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=["add_image", "choose_image"]
    )
    for group in (editors, analysts):
        for perm in image_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )
    ensure_workflow(editors, homes)


def ensure_analyst_group(trend_pages: dict[str, TrendPage]) -> Group:
    """ "Analysts: <trend>" may draft in that trend (every language), never publish."""
    source = trend_pages[settings.LANGUAGE_CODE]
    group, _ = Group.objects.get_or_create(name=f"{ANALYSTS}: {source.title}")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(access)
    _page_permissions(group, trend_pages.values(), ANALYST_PAGE_PERMISSIONS)
    return group


def ensure_workflow(editors: Group, homes) -> Workflow:
    """Every page under the home pages goes through one editor approval step."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name="Editor approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Editor approval")
        task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
