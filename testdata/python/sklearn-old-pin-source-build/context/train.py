from sklearn.ensemble import RandomForestClassifier

print(RandomForestClassifier(n_jobs=-1))
