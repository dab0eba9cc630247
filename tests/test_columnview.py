"""Column helpers: whole-column reads give what a value-at-a-time read gives."""

from newssearch.engine.columns import byte_values
from newssearch.engine.evaluate import column


def test_byte_values_reads_every_segments_cluster_ids_as_one_list(synthetic_index):
    ix, _articles = synthetic_index
    with ix._ix.searcher() as s:
        for sub, _offset in s.reader().leaf_readers():
            col = column(sub, "cluster")
            values = byte_values(col)
            assert len(values) == sub.doc_count_all() > 0
            assert values == [col[d] for d in range(sub.doc_count_all())]
            assert all(isinstance(v, bytes) and v for v in values)
