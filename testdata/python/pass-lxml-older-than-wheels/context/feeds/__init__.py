from lxml import etree
