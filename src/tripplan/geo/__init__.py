"""Places on the map: datums now; the gazetteer and geocoders with the geocoding issue."""
