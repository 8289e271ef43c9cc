set -e
kubectl apply -f manifests/
