"""The opinion pipeline's steps written with scikit-learn, for comparison.

Reads int32 triples (participant, statement, vote) written by
TestWriteSynthBinary and times the same steps as the engine: the centred
sparse matrix (missing votes imputed with the column mean, so they are 0
after centring), a 2-component sparse SVD (ARPACK), Pol.is's projection
scaling, 100 base clusters by k-means, then groups by weighted k-means for
k = 2..5 chosen by silhouette. Debian's python3-sklearn.

    /usr/bin/python3 internal/opinion/testdata/sklearn_pipeline.py /tmp/v.bin
"""
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score

a = np.fromfile(sys.argv[1], dtype=np.int32).reshape(-1, 3)
rows, cols, vals = a[:, 0], a[:, 1], a[:, 2].astype(np.float64)
t0 = time.perf_counter()
c0 = time.process_time()
ncols = cols.max() + 1
mean = np.bincount(cols, weights=vals, minlength=ncols) / np.maximum(np.bincount(cols, minlength=ncols), 1)
Y = sp.csr_matrix((vals - mean[cols], (rows, cols)))
svd = TruncatedSVD(n_components=2, algorithm="arpack", random_state=0)
proj = Y @ svd.fit(Y).components_.T
nvoted = np.diff(Y.indptr)
proj *= np.sqrt(ncols / np.maximum(nvoted, 1))[:, None]
t1 = time.perf_counter()
base = KMeans(n_clusters=100, n_init=1, random_state=0).fit(proj)
centres = base.cluster_centers_
weights = np.bincount(base.labels_, minlength=100)
best = None
for k in range(2, 6):
    km = KMeans(n_clusters=k, n_init=1, random_state=0).fit(centres, sample_weight=weights)
    s = silhouette_score(centres, km.labels_)
    if best is None or s > best[0]:
        best = (s, k)
t2 = time.perf_counter()
c2 = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"votes {len(vals)}: matrix+PCA {t1 - t0:.2f} s, clustering {t2 - t1:.2f} s, "
      f"total {t2 - t0:.2f} s (CPU {c2 - c0:.2f} s), k={best[1]}, peak RSS {peak:.0f} MiB (with the loaded votes)")
