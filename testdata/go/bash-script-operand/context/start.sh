set -e
[ -f /etc/app.yml ] || echo "port: 8080" > /etc/app.yml
exec app /etc/app.yml
