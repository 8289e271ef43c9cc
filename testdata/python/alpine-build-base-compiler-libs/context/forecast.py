from sklearn.linear_model import LinearRegression

print(LinearRegression())
