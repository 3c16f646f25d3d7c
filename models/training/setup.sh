#!/usr/bin/env bash
# Installs what models/training needs (Debian packages; run as root). Use /usr/bin/python3 afterwards:
# only the system interpreter sees these packages.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-numpy python3-pil python3-torch \
    python3-torchvision python3-onnx python3-sklearn
/usr/bin/python3 -c "import torch, torchvision, onnx, sklearn, numpy, PIL; print('torch', torch.__version__, 'onnx', onnx.__version__, 'sklearn', sklearn.__version__)"
