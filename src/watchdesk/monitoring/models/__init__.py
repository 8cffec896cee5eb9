from watchdesk.monitoring.models.authors import Author
from watchdesk.monitoring.models.derived import (
    CommentaryLink,
    SearchTerms,
    SimilarCommentary,
    TrendLatest,
)
from watchdesk.monitoring.models.pages import (
    AboutPage,
    CommentaryAuthor,
    CommentaryPage,
    CommentarySource,
    HomePage,
    SimilarExclusion,
    SimilarPin,
    TrendIndexPage,
    TrendPage,
    week_covered,
)

__all__ = [
    "AboutPage",
    "Author",
    "CommentaryAuthor",
    "SearchTerms",
    "CommentaryLink",
    "CommentaryPage",
    "CommentarySource",
    "HomePage",
    "SimilarCommentary",
    "SimilarExclusion",
    "SimilarPin",
    "TrendLatest",
    "TrendIndexPage",
    "TrendPage",
    "week_covered",
]
