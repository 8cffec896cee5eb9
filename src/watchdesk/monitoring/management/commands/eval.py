import json

from django.core.management.base import BaseCommand
from tqdm import tqdm


class Command(BaseCommand):
    help = (
        "Quality of similar articles on the two gold sets (storylines; hand-labelled), "
        "next to three baselines: recent items, YARPP-style full text, plain TF-IDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["related"], help="what to evaluate")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )
        parser.add_argument(
            "--tune", action="store_true", help="search the weights on the gold sets and print them"
        )

    def handle(self, *args, what, as_json, tune, **options):
        from watchdesk.analysis import related
        from watchdesk.sample import gold

        if tune:
            with tqdm(total=_grid_size(gold.GRID), desc="Tuning", unit="weighting") as bar:
                weights, measured = gold.tune(progress=bar.update)
            self.stdout.write(related.weights_json(weights, measured))
            return
        report = gold.evaluate()
        if as_json:
            self.stdout.write(json.dumps(report, sort_keys=True))
            return
        for name, rows in report.items():
            self.stdout.write(f"{name}:")
            for method in ("ours", "yarpp", "tfidf", "recent"):
                metrics = rows[method]
                self.stdout.write(
                    f"  {method:<7} P@5 {metrics['p_at_k']:.3f}  nDCG@5 {metrics['ndcg_at_k']:.3f}"
                    f"  ({metrics['queries']} queries)"
                )
            self.stdout.write(f"  ours / YARPP-style P@5: {rows['ours_vs_yarpp']}")


def _grid_size(grid) -> int:
    size = 1
    for values in grid.values():
        size *= len(values)
    return size
