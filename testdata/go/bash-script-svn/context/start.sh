set -e
svn export "$CONFIG_REPO" /etc/app
exec /usr/local/bin/app
