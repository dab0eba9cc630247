"""Column readers: whole-column reads give what a value-at-a-time read gives, and the fast paths
are the ones taken on a real segment (a Whoosh upgrade that changes a column's layout fails here
instead of silently slowing every query down)."""

from newssearch.engine.columns import byte_values, byte_values_fast, column, length_bytes_fast, numbers, numbers_fast

from helpers import whoosh_searcher


def _segments(ix):
    return [sub for sub, _offset in whoosh_searcher(ix).reader().leaf_readers()]


def test_byte_values_reads_every_segments_cluster_ids_as_one_list(synthetic_index):
    ix, _articles = synthetic_index
    for sub in _segments(ix):
        col = column(sub, "cluster")
        values = byte_values(col)
        assert len(values) == sub.doc_count_all() > 0
        assert values == [col[d] for d in range(sub.doc_count_all())]
        assert all(isinstance(v, bytes) and v for v in values)


def test_the_fast_paths_read_a_real_segment(synthetic_index):
    ix, _articles = synthetic_index
    for sub in _segments(ix):
        count = sub.doc_count_all()
        lengths = length_bytes_fast(sub._perdoc, "body")
        assert len(lengths) == count and any(lengths)
        dates = column(sub, "date")
        assert list(numbers_fast(dates, count)) == [dates[d] for d in range(count)]
        assert numbers(dates, count) == numbers_fast(dates, count)
        ids = column(sub, "id")
        assert byte_values_fast(ids) == [ids[d] for d in range(count)]
